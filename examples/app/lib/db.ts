// The app's database client: the Neon serverless driver over HTTP.
import { neon } from '@neondatabase/serverless';

export const sql = neon(process.env.DATABASE_URL!);
