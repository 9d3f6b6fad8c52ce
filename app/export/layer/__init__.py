"""The document layer every Word writer of PlanDrill shares (export, filing, drilldocs,
library, compare): XML names, placeholders, and — step by step — page, headings, tables,
sign-off, dates and names. A fix made here lands in every document."""
