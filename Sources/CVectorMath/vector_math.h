/* The compilation target's vector registers (for kernel tile shapes), and lane-wise operations on eight doubles that Swift's SIMD8<Double> performs one lane at a time
   (square root, rounding, mask reductions). Clang's element-wise builtins compile to single vector instructions
   (e.g. vsqrtpd, vrndscalepd); the results are the IEEE results of the scalar operations, so
   `Lanes` stays bit-for-bit equal to the scalar path. Header only: the functions are inlined. */
#ifndef MDPL_VECTOR_MATH_H
#define MDPL_VECTOR_MATH_H

typedef double mdpl_double8 __attribute__((ext_vector_type(8)));
typedef long long mdpl_long8 __attribute__((ext_vector_type(8)));

/* Correctly rounded square root of each lane. */
static inline __attribute__((always_inline)) mdpl_double8 mdpl_sqrt8(mdpl_double8 x) {
    return __builtin_elementwise_sqrt(x);
}

/* Each lane rounded to the nearest integer, ties to even. */
static inline __attribute__((always_inline)) mdpl_double8 mdpl_roundeven8(mdpl_double8 x) {
    return __builtin_elementwise_roundeven(x);
}

/* Whether any / every lane of a comparison mask (all bits set where true) holds: one vector
   reduction instead of Swift's lane-by-lane SIMDMask any/all. */
static inline __attribute__((always_inline)) _Bool mdpl_any8(mdpl_long8 mask) {
    return __builtin_reduce_or(mask) != 0;
}

static inline __attribute__((always_inline)) _Bool mdpl_all8(mdpl_long8 mask) {
    return __builtin_reduce_and(mask) != 0;
}

/* The compilation target's SIMD registers, known to the preprocessor from the target CPU Swift
   compiles for (`-target-cpu`): the width of one vector register in bytes and how many there are.
   Register-blocked kernels choose their tile shapes from these at compile time. */
static inline __attribute__((always_inline)) int mdpl_vector_bytes(void) {
#if defined(__AVX512F__)
    return 64;
#elif defined(__AVX__)
    return 32;
#else
    return 16; /* SSE2, ARM64 NEON */
#endif
}

static inline __attribute__((always_inline)) int mdpl_vector_registers(void) {
#if defined(__AVX512F__) || defined(__aarch64__)
    return 32;
#else
    return 16;
#endif
}

/* A name for the target's vector instruction set, for benchmark reports. */
static inline const char *mdpl_vector_target(void) {
#if defined(__AVX512F__)
    return "x86-64 AVX-512 (32 x 512-bit registers)";
#elif defined(__AVX2__)
    return "x86-64 AVX2 (16 x 256-bit registers)";
#elif defined(__AVX__)
    return "x86-64 AVX (16 x 256-bit registers)";
#elif defined(__aarch64__)
    return "ARM64 NEON (32 x 128-bit registers)";
#elif defined(__x86_64__)
    return "x86-64 SSE2 (16 x 128-bit registers)";
#else
    return "generic";
#endif
}

#endif
