"""The dashboard's screens: main list, detail, review queue, help, and modal dialogs."""
