namespace Market.Domain.Common;

public static class Guard
{
    public static void Against(bool brokenRule, string code, string message)
    {
        if (brokenRule)
        {
            throw new DomainRuleException(code, message);
        }
    }
}
