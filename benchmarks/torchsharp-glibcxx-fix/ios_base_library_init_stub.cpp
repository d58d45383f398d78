// A no-op std::ios_base_library_init() for libstdc++ older than GCC 13 (GLIBCXX_3.4.32).
//
// GCC 13 moved the initialisation of the standard streams (std::cout, ...) out of every translation unit that
// includes <iostream> into this one function of libstdc++, and code built by GCC 13 calls it. libLibTorchSharp.so
// (TorchSharp-cpu 0.107.0) is such code. Older libstdc++ (Debian 12 ships GCC 12's, GLIBCXX_3.4.30) has no such
// function because it still initialises the streams itself from its own static constructor, so doing nothing
// here is exactly right: the streams are ready before any code that uses them runs.
namespace std
{
    __attribute__((visibility("default"))) void ios_base_library_init() {}
}
