"""One loader per app: each turns the province plan into that app's rows."""
