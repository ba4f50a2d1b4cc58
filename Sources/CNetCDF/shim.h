#include <netcdf.h>

// HDF5's automatic error printing (HDF5 1.10, under libnetcdf). libnetcdf 4.9 probes optional
// attributes (e.g. _QuantizeBitRoundNumberOfSignificantBits) by opening them, and every probe of a
// missing one prints a stack of HDF5-DIAG lines unless printing is off. Declared here, with
// hid_t = int64_t and H5E_DEFAULT = 0 as in H5Ipublic.h / H5Epublic.h, to avoid HDF5's include
// path; the library is the one libnetcdf links.
int H5Eset_auto2(long long estack_id, void *func, void *client_data);
