"""The counter: lookup on the left, the chosen customer's profile (or a form) on the right."""
