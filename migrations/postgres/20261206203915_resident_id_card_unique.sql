-- Residents without an ID-card number hold NULL, which the unique index lets repeat.
UPDATE residents SET id_card_number = NULL WHERE id_card_number = '';
-- Create index "resident_community_id_id_card_number" to table: "residents"
CREATE UNIQUE INDEX "resident_community_id_id_card_number" ON "residents" ("community_id", "id_card_number");
