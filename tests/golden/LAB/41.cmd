show networking
