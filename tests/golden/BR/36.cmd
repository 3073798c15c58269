show bbb
