#include <cblas.h>
// mallopt: NeuralKit keeps freed heap memory for reuse (see BLAS.swift).
#include <malloc.h>
