show ae1027a6acf2
