show alpha
