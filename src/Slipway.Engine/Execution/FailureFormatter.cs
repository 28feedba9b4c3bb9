using System.Reflection;

namespace Slipway.Engine.Execution;

/// <summary>Turns an exception into what the user sees: the message alone when it is user-facing, everything otherwise.</summary>
internal static class FailureFormatter
{
    public static string Format(Exception exception, BuildHost build)
    {
        var actual = Unwrap(exception);
        return IsUserFacing(actual, build) ? actual.Message : actual.ToString();
    }

    public static Exception Unwrap(Exception exception) => exception switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException aggregate when aggregate.InnerExceptions.Count == 1 => Unwrap(aggregate.InnerExceptions[0]),
        _ => exception,
    };

    // By name, so the engine needs no reference to the library that defines SlipwayException.
    private static bool IsUserFacing(Exception exception, BuildHost build)
    {
        for (var type = exception.GetType(); type != null; type = type.BaseType)
        {
            if (type.Name == "SlipwayException")
                return true;
        }
        return build.IsUserFacingException(exception);
    }
}
