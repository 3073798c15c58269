upgrade --sql base:xl@head
