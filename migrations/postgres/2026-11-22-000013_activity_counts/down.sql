DROP TRIGGER activities_count ON activities;
DROP FUNCTION activities_count();
DROP TABLE activity_counts;
