show bbb002
