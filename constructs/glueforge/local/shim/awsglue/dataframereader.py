"""``glueContext.create_data_frame``: the reader of streaming sources (Kinesis, Kafka)."""


class DataFrameReader:
    """``glueContext.create_data_frame``: Glue's reader of streaming sources.

    Signatures as awsglue/dataframereader.py ``DataFrameReader`` (Glue 5.0).
    """

    def __init__(self, glue_context):
        self._glue_context = glue_context

    def from_catalog(
        self,
        database=None,
        table_name=None,
        redshift_tmp_dir="",
        transformation_ctx="",
        push_down_predicate="",
        additional_options={},  # noqa: B006 (Glue's signature)
        catalog_id=None,
        **kwargs,
    ):
        if database is not None and "name_space" in kwargs:
            raise Exception("Parameter name_space and database are both specified, choose one.")  # noqa: TRY002
        if database is None and "name_space" not in kwargs:
            raise Exception("Parameter name_space or database is missing.")  # noqa: TRY002
        db = kwargs.pop("name_space") if "name_space" in kwargs else database
        if table_name is None:
            raise Exception("Parameter table_name is missing.")  # noqa: TRY002
        return self._glue_context.create_data_frame_from_catalog(
            db,
            table_name,
            redshift_tmp_dir,
            transformation_ctx,
            push_down_predicate,
            additional_options,
            catalog_id,
            **kwargs,
        )

    def from_options(
        self,
        connection_type,
        connection_options={},  # noqa: B006
        format=None,  # noqa: A002
        format_options={},  # noqa: B006
        transformation_ctx="",
        push_down_predicate="",
        **kwargs,
    ):
        return self._glue_context.create_data_frame_from_options(
            connection_type,
            connection_options,
            format,
            format_options,
            transformation_ctx,
            push_down_predicate,
            **kwargs,
        )
