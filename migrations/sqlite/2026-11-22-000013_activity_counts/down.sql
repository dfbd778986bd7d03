DROP TRIGGER activities_count;
DROP TABLE activity_counts;
