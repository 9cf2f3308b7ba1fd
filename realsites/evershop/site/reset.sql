-- Back to the seeded shop before every audit, on the running server (dropping the database
-- would cut EverShop's pooled connections, and it exits on that): everything a customer's
-- visit can create — carts, orders, accounts, sessions, queued events.
TRUNCATE "order", order_item, order_address, order_activity, payment_transaction, shipment,
  shipment_item, cart, cart_item, cart_address, customer, customer_address,
  reset_password_token, session, event RESTART IDENTITY;
