namespace AutoDiffGen.Generator.IR;

internal enum UnaryOp
{
    Negate,
    Not,
    BitwiseNot,
}

internal enum BinaryOp
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
    ConditionalAnd,
    ConditionalOr,
    And,
    Or,
    Xor,
    LeftShift,
    RightShift,
}

internal static class OperatorText
{
    public static string Of(UnaryOp op) => op switch
    {
        UnaryOp.Negate => "-",
        UnaryOp.Not => "!",
        _ => "~",
    };

    public static string Of(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+",
        BinaryOp.Subtract => "-",
        BinaryOp.Multiply => "*",
        BinaryOp.Divide => "/",
        BinaryOp.Remainder => "%",
        BinaryOp.Less => "<",
        BinaryOp.LessOrEqual => "<=",
        BinaryOp.Greater => ">",
        BinaryOp.GreaterOrEqual => ">=",
        BinaryOp.Equal => "==",
        BinaryOp.NotEqual => "!=",
        BinaryOp.ConditionalAnd => "&&",
        BinaryOp.ConditionalOr => "||",
        BinaryOp.And => "&",
        BinaryOp.Or => "|",
        BinaryOp.Xor => "^",
        BinaryOp.LeftShift => "<<",
        _ => ">>",
    };

    /// <summary>C# precedence, higher binds tighter.</summary>
    public static int Precedence(BinaryOp op) => op switch
    {
        BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.Remainder => 13,
        BinaryOp.Add or BinaryOp.Subtract => 12,
        BinaryOp.LeftShift or BinaryOp.RightShift => 11,
        BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual => 10,
        BinaryOp.Equal or BinaryOp.NotEqual => 9,
        BinaryOp.And => 8,
        BinaryOp.Xor => 7,
        BinaryOp.Or => 6,
        BinaryOp.ConditionalAnd => 5,
        _ => 4,
    };

}
