"""The site: routing, page contexts, rendering and writing the output tree."""
