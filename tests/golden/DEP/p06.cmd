upgrade --sql base:beta@head
