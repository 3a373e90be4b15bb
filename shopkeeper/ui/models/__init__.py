"""Qt item models over the services' result dataclasses. They hold data; they never query."""
