"""Qt item models over the documents."""
