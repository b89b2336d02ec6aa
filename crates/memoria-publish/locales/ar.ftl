skip = الانتقال إلى المحتوى
nav-home = الرئيسية
nav-incidents = الحوادث
nav-statistics = الإحصاءات
nav-map = الخريطة
nav-methodology = المنهجية
nav-data = البيانات المفتوحة
nav-languages = اللغات
footer-as-of = البيانات حتى { $date }.
footer-licence = منشور بموجب الترخيص { $licence }.
footer-made = أُنشئ باستخدام ميموريا. لا يحتاج هذا الموقع إلى خادم ولا يحمّل شيئًا من مواقع أخرى.
home-heading = ملخص
home-incidents = { $count ->
    [zero] لا حوادث منشورة
    [one] حادثة واحدة منشورة
    [two] حادثتان منشورتان
    [few] { $count } حوادث منشورة
   *[other] { $count } حادثة منشورة
}
home-victims = { $count } ضحية موثقة في الحوادث المنشورة
home-period = الفترة المشمولة: من { $from } إلى { $to }
home-latest = حوادث حُدّثت مؤخرًا
home-protection = لا تظهر أسماء الضحايا إلا بموافقتهم أو بموافقة عائلاتهم. لا يُذكر الشهود ولا المصادر بالاسم أبدًا. تُعرض الأماكن على مستوى المنطقة الإدارية وتُخفى الأعداد الصغيرة، حتى لا يمكن التعرف على أحد مما يُنشر.
incidents-heading = الحوادث
incidents-search = البحث في الحوادث
incidents-search-text = كلمات من العنوان
incidents-any = الكل
incidents-region = الإقليم
incidents-violation = الانتهاك
incidents-year = السنة
incidents-results = { $count ->
    [zero] لا حوادث مطابقة
    [one] حادثة واحدة مطابقة
    [two] حادثتان مطابقتان
    [few] { $count } حوادث مطابقة
   *[other] { $count } حادثة مطابقة
}
incidents-more = تُعرض أول { $count } نتيجة فقط؛ ضيّق البحث.
incidents-page = الصفحة { $page } من { $pages }
incidents-previous = الصفحة السابقة
incidents-next = الصفحة التالية
incidents-no-script = يحتاج البحث إلى جافاسكريبت؛ من دونه تصفّح الصفحات أدناه.
col-date = التاريخ
col-title = العنوان
col-place = المكان
col-violations = الانتهاكات
col-count = العدد
col-region = الإقليم
col-year = السنة
col-category = الفئة
untitled = حادثة بلا عنوان منشور
incident-heading = حادثة
incident-date = التاريخ
incident-place = المكان
incident-point = الموقع التقريبي
incident-status = الحالة
incident-narrative = ما حدث
incident-acts = الانتهاكات
incident-victims = الضحايا
incident-victim-unnamed = الاسم محجوب
incident-victim-group = مجموعة من { $count } أشخاص
incident-perpetrators = الجناة المزعومون
incident-interventions = المناصرة
incident-evidence = الأدلة
incident-sex = الجنس
incident-age = العمر
age-minor = دون 18 سنة
date-unknown = التاريخ غير معروف
status-verified = مُتحقق منها
status-closed = مغلقة
status-under_review = قيد المراجعة
status-draft = مسودة
stats-heading = الإحصاءات
stats-intro = أعداد الضحايا الموثقين في الحوادث المنشورة. الضحايا الموثقون هم من وصل إليهم مصدر ما، وليسوا كل الضحايا.
stats-time = الضحايا حسب السنة
stats-time-desc = الضحايا الموثقون في كل سنة. الضحية ذات التاريخ غير المؤكد تُوزَّع على السنوات التي قد يقع فيها بنسبة الأيام.
stats-violation = الضحايا حسب الانتهاك
stats-violation-desc = الضحايا الموثقون حسب نوع الانتهاك. ضحية عدة انتهاكات تُحسب في كل منها.
stats-perpetrator = الضحايا حسب نوع الجاني المزعوم
stats-perpetrator-desc = الضحايا الموثقون حسب نوع الجاني.
stats-region = الضحايا حسب الإقليم
stats-region-desc = الضحايا الموثقون في كل إقليم.
stats-suppressed = تُخفى الأعداد الأقل من { $threshold } (—) وبعض الأعداد الأخرى، حتى لا تكشفها المجاميع.
stats-hidden = مخفي
stats-total = المجموع
stats-no-value = غير مسجل
stats-undated = { $count } ضحية بلا تاريخ و{ $open } بتاريخ مفتوح غير ممثلين في هذا الرسم.
stats-estimates = العدد المقدّر للضحايا
stats-estimates-intro = الضحايا الموثقون هم من وصلت إليهم قائمة ما. يستنتج التقدير بالأنظمة المتعددة، من تداخل القوائم، عدد من فاتتهم كل القوائم. يُعرض كل تقدير مع فاصل الثقة 95٪، ويقوم على الافتراضات المذكورة.
stats-estimate-line = { $label }: { $documented } موثقون؛ العدد المقدّر { $estimate } (فاصل 95٪ من { $lower } إلى { $upper })، بطريقة { $method } على { $lists } قوائم.
stats-estimate-assumptions = الافتراضات: المجتمع مغلق خلال الفترة، والنموذج يراعي الاعتماد بين القوائم.
stats-no-estimates = لا يُنشر أي تقدير: لدى المجموعة أقل من ثلاث قوائم مصادر مربوطة.
map-heading = الخريطة
map-title = الضحايا الموثقون حسب الإقليم
map-desc = أقاليم مظللة حسب عدد الضحايا الموثقين في الحوادث المنشورة.
map-legend = الضحايا
map-suppressed = مخفي (عدد صغير)
map-no-data = لا حوادث منشورة
map-none = ليست لدى المجموعة حدود إقليمية، لذا لا تُرسم خريطة؛ يعرض الجدول الأعداد حسب الإقليم.
map-boundaries = تُرسم الحدود كما تقدمها المجموعة، ولا تعني أي موقف من الحدود المتنازع عليها.
method-heading = المنهجية
method-sources = المصادر
method-sources-intro = تستند الحوادث إلى { $count } مصدرًا. حسب النوع:
method-grades = تُقيَّم المصادر بمقياس الأميرالية: الموثوقية من A (موثوق) إلى F (لا يمكن الحكم)، والمصداقية من 1 (مؤكدة) إلى 6 (لا يمكن الحكم).
method-lists = قوائم الضحايا
method-lists-intro = تُربط قوائم الضحايا من عدة مصادر للعثور على الشخص نفسه في عدة قوائم، ثم تُستخدم لتقدير عدد الضحايا الذين لم تصل إليهم أي قائمة.
method-list-line = { $name }: { $count } سجلًا.
method-policy = ما يُنشر
method-policy-intro = تحدد سياسة النشر ما يمكن أن يخرج من المجموعة. تُنشر الحوادث بعد التحقق منها أو إغلاقها. تُعرض الأماكن على مستوى المنطقة الإدارية، ولا يُعرض الموقع الدقيق أبدًا. لا يُذكر الضحايا بالاسم إلا بموافقة مسجلة. تُخفى الأعداد الأقل من { $threshold } في كل جدول ورسم، مع أعداد أخرى حتى لا تكشفها المجاميع.
method-dates = التواريخ غير المؤكدة
method-dates-intro = تُسجَّل التواريخ بصيغة EDTF: ‏«2019-03» تعني يومًا ما من مارس 2019، و«2019-03/2019-05» يومًا ما بين مارس ومايو. توزّع الأعداد عبر الزمن كل تاريخ غير مؤكد على الفترات التي قد يقع فيها.
data-heading = البيانات المفتوحة
data-intro = السجلات والجداول المنشورة في ملفات CSV مع واصف حزمة بيانات Frictionless، متاحة لإعادة الاستخدام بموجب الترخيص { $licence }.
data-descriptor = واصف حزمة البيانات (datapackage.json)
data-dictionary = قاموس البيانات
data-files = الملفات
feed-title = { $collection }: حوادث جديدة وتحركات عاجلة
feed-incident = حادثة: { $title }
feed-intervention = تحرك عاجل: { $kind }
lang-chooser = اختر لغة
