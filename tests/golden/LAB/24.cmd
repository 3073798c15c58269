history -r nocolon
