DROP TABLE picture_data;
DROP TABLE pictures;
DROP TABLE task_phone_numbers;
DROP TABLE tasks;
DROP TABLE task_lists;
