using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Slipway.Engine.Output;

/// <summary>
/// Renders a condition the way it was written: <c>() => this.Registry != null</c> becomes <c>Registry != null</c>
/// rather than <c>(value(Build).Registry != null)</c>.
/// </summary>
internal static class ExpressionText
{
    public static string Render(LambdaExpression lambda) => Render(lambda.Body, 0);

    private static string Render(Expression expression, int parentPrecedence) => expression switch
    {
        UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.Quote } unary
            => Render(unary.Operand, parentPrecedence),
        UnaryExpression { NodeType: ExpressionType.Not } unary => "!" + Render(unary.Operand, 100),
        UnaryExpression { NodeType: ExpressionType.Negate } unary => "-" + Render(unary.Operand, 100),
        UnaryExpression { NodeType: ExpressionType.ArrayLength } unary => Render(unary.Operand, 100) + ".Length",
        BinaryExpression binary => RenderBinary(binary, parentPrecedence),
        ConditionalExpression conditional => Parenthesize(
            $"{Render(conditional.Test, 1)} ? {Render(conditional.IfTrue, 1)} : {Render(conditional.IfFalse, 1)}", 0, parentPrecedence),
        MemberExpression { Expression: null } member => $"{TypeName(member.Member.DeclaringType)}.{member.Member.Name}",
        // A member of `this` or of a compiler-generated closure reads as the bare name.
        MemberExpression { Expression: ConstantExpression } member => member.Member.Name,
        MemberExpression member => $"{Render(member.Expression!, 100)}.{member.Member.Name}",
        MethodCallExpression call => RenderCall(call),
        ConstantExpression constant => Literal(constant.Value),
        _ => expression.ToString(),
    };

    private static string RenderBinary(BinaryExpression binary, int parentPrecedence)
    {
        var (symbol, precedence) = Operator(binary.NodeType);
        if (symbol == null)
            return binary.NodeType == ExpressionType.ArrayIndex
                ? $"{Render(binary.Left, 100)}[{Render(binary.Right, 0)}]"
                : binary.ToString();
        var text = $"{Render(binary.Left, precedence)} {symbol} {Render(binary.Right, precedence + 1)}";
        return Parenthesize(text, precedence, parentPrecedence);
    }

    private static string RenderCall(MethodCallExpression call)
    {
        // Implicit conversions (C# 14 binds array.Contains(x) through an array-to-span conversion) read as their operand.
        if (call.Method.Name is "op_Implicit" or "op_Explicit" && call.Arguments.Count == 1)
            return Render(call.Arguments[0], 100);
        var arguments = call.Arguments.Select(a => Render(a, 0)).ToList();
        if (call.Object == null && call.Method.IsDefined(typeof(ExtensionAttribute), false) && arguments.Count > 0)
            return $"{Render(call.Arguments[0], 100)}.{call.Method.Name}({string.Join(", ", arguments.Skip(1))})";
        var receiver = call.Object switch
        {
            null => TypeName(call.Method.DeclaringType) + ".",
            ConstantExpression => "",
            _ => Render(call.Object, 100) + ".",
        };
        return $"{receiver}{call.Method.Name}({string.Join(", ", arguments)})";
    }

    private static string TypeName(Type? type) => type == null ? "" : type.Name.Split('`')[0];

    private static string Parenthesize(string text, int precedence, int parentPrecedence) =>
        precedence < parentPrecedence ? $"({text})" : text;

    private static (string? Symbol, int Precedence) Operator(ExpressionType type) => type switch
    {
        ExpressionType.Coalesce => ("??", 1),
        ExpressionType.OrElse => ("||", 2),
        ExpressionType.AndAlso => ("&&", 3),
        ExpressionType.Or => ("|", 4),
        ExpressionType.ExclusiveOr => ("^", 5),
        ExpressionType.And => ("&", 6),
        ExpressionType.Equal => ("==", 7),
        ExpressionType.NotEqual => ("!=", 7),
        ExpressionType.LessThan => ("<", 8),
        ExpressionType.LessThanOrEqual => ("<=", 8),
        ExpressionType.GreaterThan => (">", 8),
        ExpressionType.GreaterThanOrEqual => (">=", 8),
        ExpressionType.Add or ExpressionType.AddChecked => ("+", 9),
        ExpressionType.Subtract or ExpressionType.SubtractChecked => ("-", 9),
        ExpressionType.Multiply or ExpressionType.MultiplyChecked => ("*", 10),
        ExpressionType.Divide => ("/", 10),
        ExpressionType.Modulo => ("%", 10),
        _ => (null, 0),
    };

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        char c => $"'{c}'",
        bool b => b ? "true" : "false",
        Enum e => $"{e.GetType().Name}.{e}",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
