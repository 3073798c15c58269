stamp --sql 1975:abc
