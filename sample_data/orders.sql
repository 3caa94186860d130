-- The shop's orders database, as the orders job reads it (public.orders).
CREATE TABLE public.orders (
    order_id bigint PRIMARY KEY,
    customer_id text NOT NULL,
    amount numeric(12, 2) NOT NULL,
    status text NOT NULL,
    ordered_at timestamp NOT NULL
);

INSERT INTO public.orders VALUES
    (1, 'c1', 25.00, 'PAID', '2026-11-24 09:15:00'),
    (2, 'c2', 12.50, 'PAID', '2026-11-24 10:02:00'),
    (3, 'c1', 7.25, 'PAID', '2026-11-24 18:40:00'),
    (4, 'c3', 99.99, 'REFUNDED', '2026-11-24 20:05:00'),
    (5, 'c2', 40.00, 'PAID', '2026-11-25 08:30:00'),
    (6, 'c4', 15.75, 'PAID', '2026-11-25 11:11:00'),
    (7, 'c1', 60.00, 'PAID', '2026-11-25 13:45:00'),
    (8, 'c3', 5.00, 'PAID', '2026-11-25 21:20:00');
