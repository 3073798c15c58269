upgrade --sql eee005:fff006
