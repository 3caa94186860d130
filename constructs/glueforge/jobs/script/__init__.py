"""A job's script: the render context (:mod:`.context`), the literal filters
(:mod:`.filters`), the Jinja environment (:mod:`.environment`), the checks a script must
pass (:mod:`.checks`), and the whole path from spec list to checked script
(:mod:`.rendered`)."""
