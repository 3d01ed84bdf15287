"""A total-market fund's holdings file for the benchmarks, in each issuer layout we read:

    gen_fund_file.py SECURITIES_CSV OUT FORMAT [ROWS]

FORMAT: ishares (US CSV with preamble, NBSP line and quoted multi-line disclaimer), vanguard
("Holdings details" sections, `$` and `%` strings, CRLF rows), invesco, schwab, ark, nport
(SEC N-PORT-P XML), spdr (.xlsx, needs openpyxl). ROWS constituents (default 3,600, the size of a
total-market fund such as ITOT or VTI): every security of the dataset, then made-up tickers, then
a cash line. The layouts are those of ../shared/reference/fund-facts.md §1-2 and of the test
fixtures in tests/fixtures/funds/. Synthetic numbers, fixed seed; no issuer data.
"""
import csv
import random
import sys

random.seed(11)
secs = list(csv.DictReader(open(sys.argv[1])))
out, fmt = sys.argv[2], sys.argv[3]
rows = int(sys.argv[4]) if len(sys.argv) > 4 else 3600
nbsp = "\u00a0"


def cusip_check(base):
    s = 0
    for i, ch in enumerate(base):
        v = int(ch) if ch.isdigit() else ord(ch) - 55
        if i % 2:
            v *= 2
        s += v // 10 + v % 10
    return base + str((10 - s % 10) % 10)


items = []
for i in range(rows):
    if i < len(secs):
        t, cusip, name = secs[i]["symbol"], secs[i]["cusip"] or cusip_check(f"Z{i:07d}"), secs[i]["name"]
    else:
        t, cusip, name = f"T{i:04d}", cusip_check(f"Z{i:07d}"), f"Company {i}"
    price = random.randint(500, 90000) / 100
    qty = random.randint(1000, 300_000_000)
    # Weights fall off like a cap-weighted index and add up to about 99.9 %.
    weight = 30.0 / (i + 10) ** 1.1
    items.append((t, cusip, name, price, qty, round(price * qty, 2), weight))
total_w = sum(x[6] for x in items)
items = [(t, c, n, p, q, mv, w * 99.9 / total_w) for (t, c, n, p, q, mv, w) in items]


def money(x, dp=2):
    return f"{x:,.{dp}f}"


if fmt == "ishares":
    lines = ["\ufeffiShares Core S&P Total U.S. Stock Market ETF", 'Fund Holdings as of,"Nov 30, 2026"',
             'Inception Date,"Jan 20, 2004"', 'Shares Outstanding,"950,000,000.00"',
             'Stock,"-"', 'Bond,"-"', 'Cash,"-"', 'Other,"-"', nbsp,
             "Ticker,Name,Sector,Asset Class,Market Value,Weight (%),Notional Value,Quantity,Price,Location,Exchange,Currency,FX Rate,Market Currency,Accrual Date"]
    for t, c, n, p, q, mv, w in items:
        cells = [t, n.upper(), "Information Technology", "Equity", money(mv), f"{w:.2f}", money(mv),
                 money(q), money(p), "United States", "NASDAQ", "USD", "1.00", "USD", "-"]
        lines.append(",".join(f'"{x}"' for x in cells))
    lines.append('"USD","USD CASH","Cash and/or Derivatives","Cash","300,000,000.00","0.04","300,000,000.00","300,000,000.00","100.00","United States","-","USD","1.00","USD","-"')
    lines.append('"ESZ6","S&P500 EMINI DEC 26","Cash and/or Derivatives","Futures","0.00","0.00","1,331,716,650.00","4,367.00","6,099.00","-","Index And Options Market","USD","1.00","USD","-"')
    lines += [nbsp, '"The content contained herein is a synthetic benchmark fixture.\nNo issuer data."']
    open(out, "w", encoding="utf-8", newline="\n").write("\n".join(lines))
elif fmt == "vanguard":
    head = "Holdings details\n\nTotal Stock Market ETF (VTI)\n\n\nEquity,as of 11/30/2026\n\n"
    head += ",SEDOL,HOLDINGS,TICKER,% OF FUNDS*,SUB-INDUSTRY,COUNTRY,SECURITYDEPOSITORYRECEIPTTYPE,MARKET VALUE*,SHARES\n"
    body = "".join(f',{i:07d},{n},{t},{w:.2f}%,Semiconductors,US,---,"${money(mv)}","{money(q, 0)}"\r\n'
                   for i, (t, c, n, p, q, mv, w) in enumerate(items))
    tail = "Short-term reserves,as of 11/30/2026\r\n,SEDOL,HOLDINGS,TICKER,% OF FUNDS*,MARKET VALUE*\r\n,---,US Dollar,USD,0.10%,\"$2,044,538,930.43\"\r\n"
    tail += '"** There may be deviations when applying fair value and other considerations."\r\n'
    open(out, "w", encoding="utf-8", newline="").write(head + body + tail)
elif fmt == "invesco":
    lines = ["Fund Ticker,Security Identifier,Holding Ticker,Shares/Par Value,MarketValue,Weight,Name,Class of Shares,Sector,Date"]
    lines += [f'ITOT,{c},{t} ,"{money(q, 0)}","{money(mv)}",{w:.3f},{n},Common Stock,Information Technology,11/30/2026'
              for t, c, n, p, q, mv, w in items]
    open(out, "w", encoding="utf-8", newline="\n").write("\n".join(lines) + "\n")
elif fmt == "schwab":
    lines = ["As-Of-Date,Symbol,Quantity,Percent of Assets,Name,BBG FIGI,Country,Currency,Exchange,Exchange (fx) Rate,Market Currency,Sector"]
    lines += [f"2026-11-30,{t},{q}.0000000000,{w:.10f},{n.upper()},BBG000{i:06d},US,USD,XNGS,1.0000000000,USD,Information Technology"
              for i, (t, c, n, p, q, mv, w) in enumerate(items)]
    lines += ["", '"Holdings may include collateral held by the fund for securities on loan."']
    open(out, "w", encoding="utf-8", newline="").write("\r\n".join(lines) + "\r\n")
elif fmt == "ark":
    lines = ['date,fund,company,ticker,cusip,shares,"market value ($)","weight (%)"']
    lines += [f'11/30/2026,ITOT,"{n.upper()}",{t},{c},"{money(q, 0)}","${money(mv)}",{w:.2f}%'
              for t, c, n, p, q, mv, w in items]
    lines.append('"Investors should carefully consider the investment objectives: a synthetic fixture."')
    open(out, "w", encoding="utf-8", newline="\n").write("\n".join(lines) + "\n")
elif fmt == "nport":
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<edgarSubmission xmlns="http://www.sec.gov/edgar/nport" xmlns:com="http://www.sec.gov/edgar/common" xmlns:ncom="http://www.sec.gov/edgar/nportcommon">\n'
             '<headerData><submissionType>NPORT-P</submissionType><isConfidential>false</isConfidential></headerData>\n<formData>\n'
             '<genInfo><regName>Example Trust</regName><seriesName>Example Total Market ETF</seriesName><seriesId>S000099998</seriesId>'
             '<repPdEnd>2026-12-31</repPdEnd><repPdDate>2026-11-30</repPdDate></genInfo>\n'
             f'<fundInfo><totAssets>{sum(x[5] for x in items):.2f}</totAssets><netAssets>{sum(x[5] for x in items):.2f}</netAssets></fundInfo>\n<invstOrSecs>\n']
    for t, c, n, p, q, mv, w in items:
        isin = ""
        parts.append(f"<invstOrSec><name>{n}</name><lei>N/A</lei><title>{n}</title><cusip>{c}</cusip>"
                     f"<identifiers><ticker value=\"{t}\"/></identifiers><balance>{q}.00000000</balance><units>NS</units>"
                     f"<curCd>USD</curCd><valUSD>{mv:.8f}</valUSD><pctVal>{w:.12f}</pctVal><payoffProfile>Long</payoffProfile>"
                     f"<assetCat>EC</assetCat><issuerCat>CORP</issuerCat><invCountry>US</invCountry><isRestrictedSec>N</isRestrictedSec>"
                     f"<fairValLevel>1</fairValLevel></invstOrSec>\n")
    parts.append("</invstOrSecs>\n</formData>\n</edgarSubmission>\n")
    open(out, "w", encoding="utf-8").write("".join(parts))
elif fmt == "spdr":
    from openpyxl import Workbook
    book = Workbook()
    sh = book.active
    sh.title = "holdings"
    for r in [["Fund Name:", "SPDR Example Total Market ETF"], ["Ticker Symbol:", "ITOT"], ["Holdings:", "As of 30-Nov-2026"], [],
              ["Name", "Ticker", "Identifier", "SEDOL", "Weight", "Sector", "Shares Held", "Local Currency"]]:
        sh.append(r)
    for i, (t, c, n, p, q, mv, w) in enumerate(items):
        sh.append([n.upper(), t, c, f"{i:07d}", round(w, 6), "-", float(q), "USD"])
    sh.append([])
    sh.append(["Past performance is not a guarantee of future results: a synthetic fixture."])
    book.save(out)
else:
    sys.exit(f"unknown format {fmt}")
