-- 0001_create_todos_and_posts.sql
-- A first migration as an ORM generates it (quoted identifiers, statement breakpoints).
-- Users live in Neon Auth's legacy table "neon_auth"."users_sync", whose id is TEXT, so every
-- column that references it is TEXT as well.

-- Todos are personal data and should go with their owner, but the ON DELETE clause was
-- forgotten. owner_id is NOT NULL, so the preferred fix is ON DELETE CASCADE.
CREATE TABLE IF NOT EXISTS "todos" (
	"id" serial PRIMARY KEY NOT NULL,
	"task" text NOT NULL,
	"done" boolean DEFAULT false NOT NULL,
	"owner_id" text NOT NULL REFERENCES "neon_auth"."users_sync"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint

-- Posts should outlive their author. author_id is nullable, so the preferred fix for the
-- missing ON DELETE is ON DELETE SET NULL.
CREATE TABLE IF NOT EXISTS "posts" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"author_id" text,
	"reviewer_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "posts_author_id_users_sync_id_fk" FOREIGN KEY ("author_id") REFERENCES "neon_auth"."users_sync"("id")
);
--> statement-breakpoint

-- Already right: comments are removed with their author (ON DELETE CASCADE).
-- post_id references another app table, which is none of this linter's business.
CREATE TABLE IF NOT EXISTS "comments" (
	"id" serial PRIMARY KEY NOT NULL,
	"post_id" integer NOT NULL REFERENCES "posts"("id"),
	"author_id" text NOT NULL REFERENCES "neon_auth"."users_sync"("id") ON DELETE CASCADE,
	"body" text NOT NULL
);
--> statement-breakpoint

-- Added by hand later: the reviewer's foreign key, again with no ON DELETE
-- (reviewer_id is nullable: preferred fix ON DELETE SET NULL).
ALTER TABLE "posts" ADD CONSTRAINT "posts_reviewer_id_users_sync_id_fk"
	FOREIGN KEY ("reviewer_id") REFERENCES neon_auth.users_sync(id);
