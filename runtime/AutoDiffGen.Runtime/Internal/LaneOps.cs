using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Internal;

/// <summary>
/// One lane-wise operation of up to three operands, on a vector of any width (<see cref="V1{T}"/> is the scalar tail);
/// <see cref="LoopKernels"/> runs it over spans. Products and sums round separately (never fused), as the scalar
/// statement the kernel stands for computes them.
/// </summary>
internal interface ILaneOp
{
    static abstract TV Apply<TV, T, TD>(TV x, TV y, TV z)
        where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>;
}

/// <summary>One term of a sum over lanes: <c>x · y</c>, <c>x²</c> or <c>x</c>.</summary>
internal interface ILaneTerm
{
    static abstract TV Term<TV, T, TD>(TV x, TV y)
        where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>;
}

internal readonly struct AddOp : ILaneOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply<TV, T, TD>(TV x, TV y, TV z)
        where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD> => x + y;
}

internal readonly struct SubtractOp : ILaneOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply<TV, T, TD>(TV x, TV y, TV z)
        where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD> => x - y;
}

internal readonly struct MultiplyOp : ILaneOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply<TV, T, TD>(TV x, TV y, TV z)
        where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD> => x * y;
}

internal readonly struct DivideOp : ILaneOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply<TV, T, TD>(TV x, TV y, TV z)
        where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD> => x / y;
}

internal readonly struct NegateOp : ILaneOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply<TV, T, TD>(TV x, TV y, TV z)
        where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD> => -x;
}

/// <summary><c>x · y + z</c>, the product rounded before the sum (TensorPrimitives.MultiplyAdd's semantics, not FMA).</summary>
internal readonly struct MultiplyAddOp : ILaneOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply<TV, T, TD>(TV x, TV y, TV z)
        where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD> => x * y + z;
}

internal readonly struct ProductTerm : ILaneTerm
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Term<TV, T, TD>(TV x, TV y)
        where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD> => x * y;
}

internal readonly struct SquareTerm : ILaneTerm
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Term<TV, T, TD>(TV x, TV y)
        where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD> => x * x;
}

internal readonly struct ValueTerm : ILaneTerm
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Term<TV, T, TD>(TV x, TV y)
        where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD> => x;
}
