DROP TABLE canvass_interactions;
