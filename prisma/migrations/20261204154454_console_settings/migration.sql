-- CreateTable
CREATE TABLE "console_settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_by_id" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "console_settings_pkey" PRIMARY KEY ("key")
);
