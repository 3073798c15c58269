stamp --sql base:ae10f
