namespace Slipway.Catalog;

/// <summary>
/// Release gates of an environment (per-service overrides replace single fields): deploy windows, soak time in the
/// predecessor, approvals bound to a digest, and what an --override-gates needs.
/// </summary>
public sealed record GatesSpec
{
    public DeployWindowsSpec? Windows { get; init; }
    /// <summary>Minutes the digest must have run healthy in the predecessor before it may come here.</summary>
    public int? SoakMinutes { get; init; }
    /// <summary>When true, a promotion needs the digest to have passed verification in the predecessor.</summary>
    public bool? RequireVerified { get; init; }
    public ApprovalsSpec? Approvals { get; init; }
    /// <summary>Approvals (by the approvers above) an --override-gates needs, bound to the digest; 0 or absent: none.</summary>
    public int? OverrideApprovals { get; init; }

    /// <summary>This environment's gates with each field the service sets replaced by the service's.</summary>
    public GatesSpec OverriddenBy(GatesSpec? service) => service is null ? this : new()
    {
        Windows = service.Windows ?? Windows,
        SoakMinutes = service.SoakMinutes ?? SoakMinutes,
        RequireVerified = service.RequireVerified ?? RequireVerified,
        Approvals = service.Approvals ?? Approvals,
        OverrideApprovals = service.OverrideApprovals ?? OverrideApprovals,
    };
}

/// <summary>When deploys may happen: any allow rule open (or no allow rule at all) and no deny rule open. Deny wins.</summary>
public sealed record DeployWindowsSpec
{
    public List<WindowRuleSpec> Allow { get; init; } = new();
    public List<WindowRuleSpec> Deny { get; init; } = new();
}

/// <summary>A recurring window: starts at each occurrence of a cron or an iCalendar RRULE expression and lasts a duration.</summary>
public sealed record WindowRuleSpec
{
    /// <summary>Shown in refusals, e.g. "weekday mornings"; default: the expression.</summary>
    public string? Name { get; init; }
    /// <summary>Five-field cron (minute hour day-of-month month day-of-week), as Cronos reads it.</summary>
    public string? Cron { get; init; }
    /// <summary>An RFC 5545 RRULE value, e.g. FREQ=WEEKLY;BYDAY=SA,SU; occurrences take their time of day from <see cref="Start"/>.</summary>
    public string? Rrule { get; init; }
    /// <summary>RRULE only: the first occurrence (DTSTART) as local date and time, yyyy-MM-ddTHH:mm; default 2000-01-01T00:00.</summary>
    public string? Start { get; init; }
    public int DurationMinutes { get; init; }
    /// <summary>IANA time zone the expression is read in; default: the catalog's timeZone.</summary>
    public string? TimeZone { get; init; }
}

/// <summary>N of M named approvers must approve a digest for this environment.</summary>
public sealed record ApprovalsSpec
{
    public int Required { get; init; } = 1;
    public List<string> Approvers { get; init; } = new();
    /// <summary>When false (the default), the approval of the actor running the promotion does not count.</summary>
    public bool AllowSelfApproval { get; init; }
}
