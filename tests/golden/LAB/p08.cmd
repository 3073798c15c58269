upgrade --sql x002:x04a
