upgrade ae1027:abc
