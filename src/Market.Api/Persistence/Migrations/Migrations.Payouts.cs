using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Market.Api.Persistence.Migrations;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000061_LedgerBalanceCheckOncePerTransaction")]
public sealed class LedgerBalanceCheckOncePerTransaction : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000062_LedgerTransactionsCountedLater")]
public sealed class LedgerTransactionsCountedLater : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000069_PayoutPostedPerBatch")]
public sealed class PayoutPostedPerBatch : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000071_ReferencesCheckedPerStatement")]
public sealed class ReferencesCheckedPerStatement : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000072_PayoutWorkersCheckedWithoutRowLocks")]
public sealed class PayoutWorkersCheckedWithoutRowLocks : SqlScriptMigration;
