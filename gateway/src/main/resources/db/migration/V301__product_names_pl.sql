-- Product names in Polish, for the statement and the voucher a Polish reader gets; name stays the English one.

ALTER TABLE product ADD COLUMN name_pl text;

UPDATE product SET name_pl = CASE id
    WHEN 'CQS-1Y' THEN 'Kwalifikowany podpis w chmurze na 1 rok'
    WHEN 'CQS-2Y' THEN 'Kwalifikowany podpis w chmurze na 2 lata'
    WHEN 'CQS-3Y' THEN 'Kwalifikowany podpis w chmurze na 3 lata'
    WHEN 'CQS-2Y-PPT' THEN 'Kwalifikowany podpis w chmurze na 2 lata, w punkcie sprzedaży'
    -- a product added outside the migrations keeps its English name until someone translates it
    ELSE name END;

ALTER TABLE product ALTER COLUMN name_pl SET NOT NULL;
