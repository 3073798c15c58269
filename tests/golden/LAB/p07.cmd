upgrade --sql base:yl@head
