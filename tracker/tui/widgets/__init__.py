"""The dashboard's own widgets: the unit list, the follow-up table and the filter bar."""
