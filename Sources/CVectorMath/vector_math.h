/* Lane-wise operations on eight doubles that Swift's SIMD8<Double> performs one lane at a time
   (square root, rounding). Clang's element-wise builtins compile to single vector instructions
   (e.g. vsqrtpd, vrndscalepd); the results are the IEEE results of the scalar operations, so
   `Lanes` stays bit-for-bit equal to the scalar path. Header only: the functions are inlined. */
#ifndef MDPL_VECTOR_MATH_H
#define MDPL_VECTOR_MATH_H

typedef double mdpl_double8 __attribute__((ext_vector_type(8)));

/* Correctly rounded square root of each lane. */
static inline __attribute__((always_inline)) mdpl_double8 mdpl_sqrt8(mdpl_double8 x) {
    return __builtin_elementwise_sqrt(x);
}

/* Each lane rounded to the nearest integer, ties to even. */
static inline __attribute__((always_inline)) mdpl_double8 mdpl_roundeven8(mdpl_double8 x) {
    return __builtin_elementwise_roundeven(x);
}

#endif
