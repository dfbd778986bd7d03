DROP TABLE notes;
DROP TABLE deals;
