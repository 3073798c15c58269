show networking@n0
