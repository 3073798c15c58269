upgrade --sql b001:b003
