// Create EverShop's tables non-interactively, as `evershop install` does after its prompts:
// the admin user's table and one admin, then every core module's migrations.
// Run with cwd = the EverShop project and DB_HOST/DB_PORT/DB_NAME/DB_USER set.
import path from 'path';
import { pathToFileURL } from 'url';

const dist = path.resolve('node_modules/@evershop/evershop/dist');
const load = (p) => import(pathToFileURL(path.join(dist, p)).href);
const { pool } = await load('lib/postgres/connection.js');
const { migrate } = await load('bin/lib/bootstrap/migrate.js');
const { getCoreModules } = await load('bin/lib/loadModules.js');
const { hashPassword } = await load('lib/util/passwordHelper.js');

await pool.query(`CREATE TABLE IF NOT EXISTS "admin_user" (
  "admin_user_id" INT GENERATED ALWAYS AS IDENTITY (START WITH 1 INCREMENT BY 1) PRIMARY KEY,
  "uuid" UUID NOT NULL DEFAULT gen_random_uuid (),
  "status" boolean NOT NULL DEFAULT TRUE,
  "email" varchar NOT NULL,
  "password" varchar NOT NULL,
  "full_name" varchar DEFAULT NULL,
  "created_at" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ADMIN_USER_EMAIL_UNIQUE" UNIQUE ("email"),
  CONSTRAINT "ADMIN_USER_UUID_UNIQUE" UNIQUE ("uuid"))`);
await pool.query(
  `INSERT INTO admin_user (email, password, full_name) VALUES ($1, $2, 'Admin')
   ON CONFLICT (email) DO NOTHING`, ['admin@example.com', hashPassword('admin12345')]);
await migrate(getCoreModules());  // exits 0 by itself on an error: hence the line below
console.log('migrated');
process.exit(0);
