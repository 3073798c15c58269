stamp --sql base:b003
