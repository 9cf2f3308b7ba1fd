-- After `evershop seed` (15 demo products in 5 colour groups, categories, an About Us page):
-- the shop's settings, one shipping zone with one paid method, cash on delivery as the only
-- payment method (no third party), guest checkout, the store's contact details.
INSERT INTO setting (name, value, is_json) VALUES
  ('storeName', 'Ceramics Corner', false),
  ('storeDescription', 'Cups, bowls and vases', false),
  ('storeEmail', 'hello@ceramics.example', false),
  ('storePhoneNumber', '+44 20 7946 0000', false),
  ('storeAddress', '1 Clay Street', false),
  ('storeCity', 'London', false),
  ('storeCountry', 'GB', false),
  ('storePostalCode', 'EC1A 1BB', false),
  ('storeCurrency', 'GBP', false),
  ('allowedCountries', '["GB","DE","FR","US"]', true),
  ('allowGuestCheckout', '1', false),
  ('codPaymentStatus', '1', false),
  ('codDisplayName', 'Cash on delivery', false),
  ('stripePaymentStatus', '0', false),
  ('paypalPaymentStatus', '0', false)
ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, is_json = EXCLUDED.is_json;

INSERT INTO shipping_zone (name) VALUES ('Europe and US');
INSERT INTO shipping_zone_country (zone_id, country)
  SELECT shipping_zone_id, c FROM shipping_zone, unnest(ARRAY['GB','DE','FR','US']) AS c;
INSERT INTO shipping_zone_provider (zone_id, provider_code, is_enabled)
  SELECT shipping_zone_id, 'core', true FROM shipping_zone;
INSERT INTO core_shipping_method (name, is_enabled) VALUES ('Standard delivery', true);
INSERT INTO core_shipping_method_rate (method_id, zone_id, is_enabled, cost)
  SELECT core_shipping_method_id, shipping_zone_id, true, 4.95
  FROM core_shipping_method, shipping_zone;

-- The home page shows the "homepage" collection (the demo seed makes it, nothing shows it).
INSERT INTO widget_instance (name, type, settings, status) VALUES ('Featured products',
  'collection_products', '{"collection": "homepage", "count": 8, "countPerRow": 4,
  "heading": "Featured products"}', true);
INSERT INTO widget_placement (widget_instance_id, route, area, sort_order)
  SELECT widget_instance_id, 'homepage', 'content', 1 FROM widget_instance
  WHERE type = 'collection_products';

-- A contact page, linked from the footer of every page; the CMS pages' short URLs.
WITH page AS (INSERT INTO cms_page (status) VALUES (true) RETURNING cms_page_id)
INSERT INTO cms_page_description (cms_page_description_cms_page_id, url_key, name, content,
  meta_title)
  SELECT cms_page_id, 'contact', 'Contact us', '[{"id":"r__contact","size":1,
  "className":"md:grid-cols-1","columns":[{"size":1,"id":"c__contact","data":{"time":1,
  "version":"2.31.0","blocks":[{"id":"contact_p1","type":"paragraph","data":{"text":
  "Write to hello@ceramics.example or call +44 20 7946 0000 (Monday to Friday, 9:00 to 17:00). Ceramics Corner, 1 Clay Street, London EC1A 1BB."}}]}}]}]',
  'Contact us' FROM page;
INSERT INTO url_rewrite (request_path, target_path, entity_uuid, entity_type)
  SELECT '/' || d.url_key, '/page/' || d.url_key, p.uuid, 'cms_page'
  FROM cms_page p JOIN cms_page_description d ON d.cms_page_description_cms_page_id = p.cms_page_id
  WHERE NOT EXISTS (SELECT 1 FROM url_rewrite r WHERE r.request_path = '/' || d.url_key);
INSERT INTO widget_instance (name, type, settings, status) VALUES ('Footer links', 'footer_menu',
  '{"columns": [{"id": "col-1", "title": "Help", "links": [
    {"id": "lnk-1", "label": "Contact us", "url": "/contact"},
    {"id": "lnk-2", "label": "About us", "url": "/about-us"}]}]}', true);
INSERT INTO widget_placement (widget_instance_id, route, area, sort_order)
  SELECT widget_instance_id, 'all', 'footerMiddleCenter', 1 FROM widget_instance
  WHERE type = 'footer_menu';

-- A picture for each product (app.py writes a plain square of the product's colour to
-- media/catalog/seed/<sku>.png): the demo seed's pictures are on GitHub, out of reach offline.
INSERT INTO product_image (product_image_product_id, origin_image, is_main)
  SELECT product_id, '/assets/catalog/seed/' || lower(sku) || '.png', true FROM product;
