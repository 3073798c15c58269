show y003
